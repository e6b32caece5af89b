import {useEffect, useState} from 'react';
import type {ContainerRef} from '../../model/app-state.js';
import type {SessionController} from '../../session/controller.js';
import type {LogSession} from '../../session/log-session.js';

// The model and its streams live as long as the screen: opened on mount, closed on unmount.

export function useLogSession(controller: SessionController, containers: ContainerRef[], workload?: string): LogSession {
	const [session] = useState(() => controller.openLogs(containers, workload));
	useEffect(() => {
		session.start();
		return () => session.close();
	}, [session]);
	return session;
}
