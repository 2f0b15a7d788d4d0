import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(<div>售后服务管理系统</div>);
